// @vitest-environment node
// src/api/schema.d.ts is generated from openapi/openapi.yaml (which OpenApiDocumentTest keeps in step
// with the Java code). When the API changes, regenerate it: npm run gen:api (in src/main/webui).
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import openapiTS, { astToString } from 'openapi-typescript'

// vitest runs in src/main/webui
const here = (p: string) => resolve(process.cwd(), p)

describe('src/api/schema.d.ts', () => {
  it('matches openapi/openapi.yaml (else run: npm run gen:api)', async () => {
    const ast = await openapiTS(readFileSync(here('../../../openapi/openapi.yaml'), 'utf8'))
    const generated = astToString(ast)
    const committed = readFileSync(here('src/api/schema.d.ts'), 'utf8')
    // the CLI adds a header comment; compare what follows it
    expect(committed.endsWith(generated), 'src/api/schema.d.ts is stale: run npm run gen:api').toBe(true)
  }, 30_000)
})
