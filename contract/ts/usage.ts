// Compiled under `tsc --strict` against the types openapi-typescript generates from the committed openapi.json
// (`make contract`): what a front-end team would write, so a contract change that breaks it fails the build.
import type { components, paths } from "../build/ilacs-api";

type Inspection = components["schemas"]["InspectionRead"];
type InspectionPage = paths["/v1/inspections"]["get"]["responses"][200]["content"]["application/json"];
type Problem = components["schemas"]["Problem"];
type ListQuery = NonNullable<paths["/v1/inspections"]["get"]["parameters"]["query"]>;
type UpdateBody = paths["/v1/inspections/{inspection_id}"]["patch"]["requestBody"]["content"]["application/json"];

export const query: ListQuery = { authority_code: "E10000018", limit: 50 };
export const change: UpdateBody = { lead_inspector: "A. Inspector" };

export function overallGrade(inspection: Inspection): string | null {
  const overall = inspection.judgements.find((j) => j.area === "overall_effectiveness");
  return overall ? overall.grade : null;
}

export function ids(page: InspectionPage): string[] {
  return page.items.map((item) => item.id);
}

export function explain(problem: Problem): string {
  const fields = (problem.errors ?? []).map((e) => `${e.field}: ${e.message}`);
  return [`${problem.status} ${problem.title}`, ...fields].join("\n");
}
