//! L2-regularised logistic regression over sparse features, fitted
//! by full-batch gradient descent: deterministic, and with each dump given
//! the same total weight, so no one dump's style decides the weights.

/// One example: its features, its target, and its weight.
pub struct Sample {
    /// (feature id, value) pairs.
    pub features: Vec<(u16, f32)>,
    /// Whether it is a positive example.
    pub positive: bool,
    /// How much it counts.
    pub weight: f32,
}

/// Fits weights for `features` features (the first is the intercept, left
/// unregularised) to `samples`, with L2 strength `lambda`.
pub fn fit(samples: &[Sample], features: usize, lambda: f32, iterations: usize) -> Vec<f32> {
    let mut weights = vec![0.0f32; features];
    let total: f32 = samples.iter().map(|s| s.weight).sum::<f32>().max(1e-9);
    // Adagrad-scaled steps: features seen rarely still move.
    let mut squares = vec![1e-8f32; features];
    let rate = 0.5;
    let mut gradient = vec![0.0f32; features];
    for _ in 0..iterations {
        gradient.iter_mut().for_each(|g| *g = 0.0);
        for sample in samples {
            let logit: f32 = sample
                .features
                .iter()
                .map(|&(id, value)| weights[usize::from(id)] * value)
                .sum();
            let predicted = 1.0 / (1.0 + (-logit).exp());
            let error = (predicted - f32::from(u8::from(sample.positive))) * sample.weight / total;
            for &(id, value) in &sample.features {
                gradient[usize::from(id)] += error * value;
            }
        }
        for (id, (weight, g)) in weights.iter_mut().zip(&gradient).enumerate() {
            let g = if id == 0 { *g } else { *g + lambda * *weight };
            squares[id] += g * g;
            *weight -= rate * g / squares[id].sqrt();
        }
    }
    weights
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_feature_that_marks_positives_gets_a_positive_weight() {
        let samples: Vec<Sample> = (0..40)
            .map(|i| Sample {
                features: if i % 2 == 0 {
                    vec![(0, 1.0), (1, 1.0)]
                } else {
                    vec![(0, 1.0), (2, 1.0)]
                },
                positive: i % 2 == 0,
                weight: 1.0,
            })
            .collect();
        let weights = fit(&samples, 3, 0.01, 300);
        assert!(weights[1] > 1.0, "{weights:?}");
        assert!(weights[2] < -1.0, "{weights:?}");
    }

    #[test]
    fn stronger_regularisation_gives_smaller_weights() {
        let samples: Vec<Sample> = (0..20)
            .map(|i| Sample {
                features: vec![(0, 1.0), (1 + u16::from(i % 2 == 1), 1.0)],
                positive: i % 2 == 0,
                weight: 1.0,
            })
            .collect();
        let loose = fit(&samples, 3, 0.001, 200);
        let tight = fit(&samples, 3, 1.0, 200);
        assert!(tight[1].abs() < loose[1].abs());
        assert_eq!(fit(&samples, 3, 0.1, 50), fit(&samples, 3, 0.1, 50));
    }
}
