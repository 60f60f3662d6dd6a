/**
 * Deadlines: the working-day calendar with statutory holidays, deadline policies per category and
 * severity, and the arithmetic that turns a policy into due times.
 *
 * <p>May use: common, audit, region, identity (docs/ARCHITECTURE.md; enforced by ArchitectureTest).
 */
package cn.suishoupai.deadline;
