package cn.suishoupai.common;

/** Who did something, as the audit log records it. */
public record Actor(Long id, String name, String clientIp) {
}
