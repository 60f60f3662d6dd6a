package cn.suishoupai.notify;

/**
 * What one send on an external channel (WeChat, WeCom) came to. SENT: through. REFUSED: the resident
 * refused or has no subscription for it (WeChat 43101): fall back to SMS. RETRY: not now (rate limit
 * 45009, system busy -1, unreachable, an access token still refused after one refresh): the outbox row
 * is tried again with backoff. PERMANENT: a setting is wrong (bad key, template or openid): retrying
 * cannot help.
 */
public record ChannelResult(Outcome outcome, int errcode, String message) {

    public enum Outcome {
        SENT,
        REFUSED,
        RETRY,
        PERMANENT
    }

    static ChannelResult sent() {
        return new ChannelResult(Outcome.SENT, 0, "ok");
    }

    static ChannelResult retry(int errcode, String message) {
        return new ChannelResult(Outcome.RETRY, errcode, message);
    }

    /** How a WeChat subscribe/send or a WeCom webhook answer with this errcode is handled. */
    static ChannelResult ofErrcode(int errcode, String errmsg) {
        String message = errcode + " " + (errmsg == null ? "" : errmsg);
        return switch (errcode) {
            case 0 -> sent();
            // the resident refused (or never accepted) this template: 43101 user refuse to accept the msg
            case 43101 -> new ChannelResult(Outcome.REFUSED, errcode, message);
            // 45009 api freq out of limit (WeChat and WeCom), 45011 minute quota, -1 system busy, 45033 too many
            // messages
            case 45009, 45011, 45033, -1 -> retry(errcode, message);
            // an access token WeChat no longer takes: the caller refreshes once and sends again
            case 40001, 42001, 40014 -> retry(errcode, message);
            default -> new ChannelResult(Outcome.PERMANENT, errcode, message);
        };
    }

    static boolean tokenRejected(int errcode) {
        return errcode == 40001 || errcode == 42001 || errcode == 40014;
    }
}
