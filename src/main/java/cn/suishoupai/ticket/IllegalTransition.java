package cn.suishoupai.ticket;

import cn.suishoupai.common.ApiException;

/** 409 with the current state in the problem body, so a client can refresh and decide again. */
public final class IllegalTransition {

    private IllegalTransition() {}

    public static ApiException of(Ticket t, Object expected) {
        return ApiException.conflict("illegal-transition", t.state, expected)
                .with("ticketId", t.id)
                .with("state", t.state.name());
    }
}
