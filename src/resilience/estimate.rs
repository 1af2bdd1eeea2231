//! Monte Carlo estimates with their standard errors.
//!
//! A proportion `p` of `n` draws has the binomial standard error
//! `sqrt(p (1 - p) / n)`. A quantile is the order statistic
//! `x[ceil(n q)]`; its standard error is taken from the distribution-free
//! 95 % confidence interval of a quantile (the order statistics at ranks
//! `n q -+ 1.96 sqrt(n q (1 - q))`), divided by `2 x 1.96`.

/// A share of the draws.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Proportion {
    /// The share, 0 to 1.
    pub p: f64,
    /// Its standard error.
    pub se: f64,
}

/// `k` of `n` draws.
pub fn proportion(k: usize, n: usize) -> Proportion {
    if n == 0 {
        return Proportion { p: 0.0, se: 0.0 };
    }
    let p = k as f64 / n as f64;
    Proportion {
        p,
        se: (p * (1.0 - p) / n as f64).sqrt(),
    }
}

/// A quantile of the draws. `value` is `None` when the quantile falls
/// among draws without a value (not delivered); so can `se` be.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Quantile {
    /// The quantile's level, 0 to 1.
    pub q: f64,
    /// Its value.
    pub value: Option<f64>,
    /// Its standard error.
    pub se: Option<f64>,
}

/// The order statistic `x[ceil(n q)]` of `sorted` (ascending, not
/// empty): the `q`-quantile's value.
pub fn order_statistic(sorted: &[f64], q: f64) -> f64 {
    let r = ((sorted.len() as f64 * q).ceil() as usize).clamp(1, sorted.len());
    sorted[r - 1]
}

/// The `q`-quantile of `sorted` (ascending; infinite values stand for
/// draws without a value and sort last, or first when negative).
pub fn quantile(sorted: &[f64], q: f64) -> Quantile {
    let n = sorted.len();
    if n == 0 {
        return Quantile {
            q,
            value: None,
            se: None,
        };
    }
    let at = |rank: f64| -> f64 {
        let r = (rank.ceil() as usize).clamp(1, n);
        sorted[r - 1]
    };
    let nf = n as f64;
    let v = order_statistic(sorted, q);
    let half = 1.96 * (nf * q * (1.0 - q)).sqrt();
    let (lo, hi) = (at((nf * q - half).max(1.0)), at(nf * q + half + 1.0));
    let finite = |x: f64| x.is_finite().then_some(x);
    Quantile {
        q,
        value: finite(v),
        se: match (finite(lo), finite(hi)) {
            (Some(a), Some(b)) if v.is_finite() => Some((b - a) / (2.0 * 1.96)),
            _ => None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proportions_have_the_binomial_error() {
        let p = proportion(25, 100);
        assert_eq!(p.p, 0.25);
        assert!((p.se - (0.25f64 * 0.75 / 100.0).sqrt()).abs() < 1e-12);
        assert_eq!(proportion(100, 100).se, 0.0);
    }

    #[test]
    fn quantiles_of_a_uniform_sample() {
        let xs: Vec<f64> = (1..=1000).map(f64::from).collect();
        let m = quantile(&xs, 0.5);
        assert_eq!(m.value, Some(500.0));
        // The median of a uniform(0, 1000) sample of 1000 has a standard
        // error of about 1000 * sqrt(0.25 / 1000) = 15.8.
        let se = m.se.unwrap();
        assert!((se - 15.8).abs() < 1.5, "{se}");
        assert_eq!(quantile(&xs, 0.99).value, Some(990.0));
        let mut with_inf = xs.clone();
        with_inf.extend([f64::INFINITY; 20]);
        assert_eq!(quantile(&with_inf, 0.995).value, None);
    }
}
