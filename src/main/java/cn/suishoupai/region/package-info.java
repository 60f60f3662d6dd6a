/**
 * The administrative map: the region tree (district, township, zone, grid with its polygon), the units
 * (责任单位) serving regions, hazard categories, and regional scope ({@code RegionScope}).
 * Changes that the router reads are announced with {@code OrganisationChanged}.
 *
 * <p>May use: common, audit (docs/ARCHITECTURE.md; enforced by ArchitectureTest).
 */
package cn.suishoupai.region;
