package cn.suishoupai.deadline;

/**
 * The periods a ticket gets, copied from the policy in force when the ticket was dispatched and
 * stored on the ticket (JSON), so that a later policy change applies to new tickets only.
 * policyId is null when no policy matched and the configured default was used.
 */
public record DeadlinePlan(Long policyId, Span sign, Span rectify, Span recheck) {}
