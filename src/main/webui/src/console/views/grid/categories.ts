// The hazard categories a staff member can pick when reporting (DESIGN §3; the codes the service's
// categories carry). The API has no category list for non-admins yet: names are in messages/grid.ts;
// a code the township does not have sends the report to the dispatcher (UNKNOWN_CATEGORY).
export const CATEGORY_CODES = [
  'FIRE',
  'GAS',
  'ELECTRICAL',
  'ROAD_TRAFFIC',
  'CONSTRUCTION',
  'HAZCHEM',
  'SELF_BUILT_HOUSING',
  'SPECIAL_EQUIPMENT',
  'FLOOD_GEOLOGY',
  'OTHER',
] as const
