/**
 * Demo data for a local run: the seed town 果园镇 with its zones, grids, units, categories, routing
 * rules and accounts, loaded at start-up of a local run.
 *
 * <p>May use every package; no package may use it (docs/ARCHITECTURE.md; enforced by ArchitectureTest).
 */
package cn.suishoupai.demo;
