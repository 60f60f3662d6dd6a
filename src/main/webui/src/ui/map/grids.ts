// Grid polygons from GET /api/v1/regions/grids (GeoJSON, in the caller's regions) in a given system.
import { api, ok } from '@/api/client'
import type { Crs } from './rules'

export interface GridFeature {
  type: 'Feature'
  properties: { code: string; name?: string; zoneCode?: string }
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: number[][][] | number[][][][] }
}

export interface GridCollection {
  type: 'FeatureCollection'
  crs?: Crs
  features: GridFeature[]
}

/** The grids in my regions (meeting bbox "minLng,minLat,maxLng,maxLat" in `crs`, when given). */
export async function loadGrids(crs: Crs, bbox?: string): Promise<GridCollection> {
  const data = await ok(
    api.GET('/api/v1/regions/grids', {
      params: { query: { bbox }, header: { 'Accept-Crs': crs } },
    }),
  )
  return data as unknown as GridCollection
}
