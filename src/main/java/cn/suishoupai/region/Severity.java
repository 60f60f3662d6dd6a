package cn.suishoupai.region;

/**
 * How grave a hazard is (一般 / 重大): a category's default, a ticket's, and a key of the deadline
 * policies and reward rules. Here, below ticket, deadline and reward, so each can name it.
 */
public enum Severity {
    GENERAL,
    MAJOR
}
