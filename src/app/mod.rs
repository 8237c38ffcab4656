//! The browser's state and how actions change it. No terminal code here:
//! keys become [`Msg`]s in `crate::input`, every change goes through
//! `App::update(Msg)` (or `Screen::update`), and `crate::ui` draws the state.

mod action;
pub mod annotate;
mod annotate_ops;
pub mod arriving;
mod chart_keys;
pub mod charts;
mod cluster_ops;
pub mod clusters;
pub mod detail_review;
mod detail_spans;
mod detail_tag;
pub mod detail_view;
pub mod edit_form;
pub mod effect;
mod figures;
pub mod geometry;
mod message_rows;
mod mouse;
pub mod msg;
mod review_ops;
pub mod screen;
mod scroll;
mod search_ops;
mod select_ops;
pub mod selection;
mod state;
pub mod text_input;
pub mod wrap;

pub use action::{Action, Scope, ACTIONS};
pub use charts::{ChartKind, Charts};
pub use effect::{Effect, NewEntry};
pub use msg::{Msg, Opening};
pub use screen::{Mode, Screen};
pub use state::{App, Editing, Focus};
