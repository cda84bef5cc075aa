//! TEAM: who built the product, who still knows it, and where knowledge sits in one head.

pub mod abandoned_area;
pub mod code_left_behind;
pub mod knowledge_islands;
pub mod truck_factor;
pub mod who_built_this;
