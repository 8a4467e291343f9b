//! Wording shared by the growth rules: a series as `50 → 148 → 696`.

use std::fmt::Display;

/// `a → b → c`; a long series keeps its first three and last two values around `…`.
#[inline(never)]
pub fn arrows<T: Display>(series: &[T]) -> String {
    let text: Vec<String> = if series.len() > 6 {
        let head = series[..3].iter().map(ToString::to_string);
        let tail = series[series.len() - 2..].iter().map(ToString::to_string);
        head.chain(std::iter::once("…".to_owned()))
            .chain(tail)
            .collect()
    } else {
        series.iter().map(ToString::to_string).collect()
    };
    text.join(" → ")
}

/// ` (+596.3/min)`, or nothing when no rate is known.
#[inline(never)]
pub fn rate<T: Display>(per_minute: Option<f64>, unit: T) -> String {
    per_minute.map_or_else(String::new, |r| format!(", {r:+}{unit} per minute"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_long_series() {
        assert_eq!(arrows(&[50, 148, 696]), "50 → 148 → 696");
        assert_eq!(arrows(&[1, 2, 3, 4, 5, 6, 7]), "1 → 2 → 3 → … → 6 → 7");
        assert_eq!(
            rate(Some(596.31), " goroutines"),
            ", +596.31 goroutines per minute"
        );
        assert_eq!(rate(None, ""), "");
    }
}
