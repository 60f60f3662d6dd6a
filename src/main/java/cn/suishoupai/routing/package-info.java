/**
 * Where a report goes: coordinates to WGS-84, point to grid ({@code GridIndex}),
 * grid and category to the responsible unit by routing rules, the cached routing snapshot and its version.
 *
 * <p>May use: common, audit, region, identity (docs/ARCHITECTURE.md; enforced by ArchitectureTest).
 */
package cn.suishoupai.routing;
