//! The browser's state and how actions change it. No terminal code here:
//! keys become [`Action`]s in `crate::input`, and `crate::ui` draws the state.

mod action;
pub mod arriving;
pub mod detail_review;
mod detail_spans;
pub mod detail_view;
pub mod edit_form;
pub mod effect;
pub mod geometry;
mod mouse;
mod review_ops;
mod search_ops;
mod state;
pub mod text_input;
pub mod wrap;

pub use action::{Action, BINDABLE};
pub use effect::Effect;
pub use state::{App, Editing, Focus};
