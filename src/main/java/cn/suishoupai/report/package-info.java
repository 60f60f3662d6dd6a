/**
 * A resident's report (随手拍): intake with photos, routing and duplicate check, the dispatcher's review
 * queue, the resident's own views, and claim codes for anonymous reports.
 *
 * <p>May use: common, audit, region, identity, media, routing, ticket (docs/ARCHITECTURE.md; enforced by ArchitectureTest).
 */
package cn.suishoupai.report;
