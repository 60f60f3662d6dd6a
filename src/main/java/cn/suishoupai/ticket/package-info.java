/**
 * The rectification ticket (工单): its state machine and actions, timeline, inbox lists, extensions,
 * chasing of deadlines ({@code ChaseSweep}) and re-inspection (回头看).
 *
 * <p>May use: common, audit, region, identity, media, deadline, routing (docs/ARCHITECTURE.md; enforced by ArchitectureTest).
 */
package cn.suishoupai.ticket;
