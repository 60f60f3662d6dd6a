package cn.suishoupai.region;

/**
 * Regions, grids, units or hazard categories changed: everything the router reads from region.
 * Fired inside the changing transaction; routing observes it synchronously there, so its data
 * version moves exactly when the change commits.
 *
 * @param what the kind of thing that changed: region, grid, unit or category
 */
public record OrganisationChanged(String what) {}
