//! Key → value pairs serialized as a JSON object in their written order (states most
//! common first, MemStats keys as the runtime wrote them): serde_json's map would sort them.

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

/// Key → value pairs serialized as a JSON object in their written order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OrderedMap<V>(pub Vec<(String, V)>);

impl<V: Serialize> Serialize for OrderedMap<V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<V> OrderedMap<V> {
    /// No pairs.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}
