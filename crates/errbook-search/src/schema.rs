//! The index schema: which text goes in which field, and how much each field weighs.

use tantivy::schema::{FAST, Field, INDEXED, IndexRecordOption, Schema, TextFieldIndexing, TextOptions};

pub use crate::rank::TEXT_FIELDS;
use crate::{Error, Result};

/// The name the errbook analyzer is registered under in every index.
pub const TOKENIZER: &str = "errbook";

#[derive(Clone, Copy)]
pub struct Fields {
    /// The entry's position in [`crate::IndexMeta::entries`].
    pub ord: Field,
    /// In the order of [`TEXT_FIELDS`].
    pub text: [Field; 4],
}

pub fn build() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    // Indexed too, so that an update can delete an entry's document by it.
    let ord = builder.add_u64_field("ord", FAST | INDEXED);
    // Frequencies but no positions: ranking is BM25 over terms, order is checked on the
    // literal messages afterwards, and positions would double the index.
    let indexing = TextFieldIndexing::default().set_tokenizer(TOKENIZER).set_index_option(IndexRecordOption::WithFreqs);
    let options = TextOptions::default().set_indexing_options(indexing);
    let text = TEXT_FIELDS.map(|(name, _)| builder.add_text_field(name, options.clone()));
    (builder.build(), Fields { ord, text })
}

pub fn fields(schema: &Schema) -> Result<Fields> {
    let get = |name: &str| schema.get_field(name).map_err(|_| Error(format!("search index has no field `{name}`")));
    let mut text = [Field::from_field_id(0); 4];
    for (slot, (name, _)) in text.iter_mut().zip(TEXT_FIELDS) {
        *slot = get(name)?;
    }
    Ok(Fields { ord: get("ord")?, text })
}
