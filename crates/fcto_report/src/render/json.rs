//! JSON: the assessment as it is, pretty-printed. `docs/json.md` documents every field.

use super::{RenderOptions, Renderer};
use fcto_model::Assessment;

pub(super) struct Json;

impl Renderer for Json {
    fn render(&self, assessment: &Assessment, _options: &RenderOptions) -> String {
        // Serialising cannot fail: every map is keyed by strings and no type has a fallible
        // `Serialize` (non-finite floats become `null`).
        let mut out =
            serde_json::to_string_pretty(assessment).expect("the assessment serialises to JSON");
        out.push('\n');
        out
    }
}
