/**
 * The Open311 GeoReport v2 facade (issue 16, docs/OPEN311.md): discovery, services (hazard categories), service
 * requests filed and read by partner systems (a 12345 hotline, a city platform, FixMyStreet-style clients), in XML and
 * JSON. Not a second system: a request is filed through {@code report.ReportIntake.submitPartner} (the same routing,
 * duplicate check, dispatch and audit as the app) and read through {@code report.OpenRequests} (public fields only).
 * Owns the partners' API keys ({@code open311_key}).
 *
 * <p>May use: common, audit, region, identity, media, routing, ticket, report (docs/ARCHITECTURE.md; enforced by
 * ArchitectureTest).
 */
package cn.suishoupai.open311;
