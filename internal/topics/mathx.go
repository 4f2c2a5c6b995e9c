package topics

import "math"

func logf(x float32) float32 { return float32(math.Log(float64(x))) }

func sqrt(x float64) float64 { return math.Sqrt(x) }

func sigmoid(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}
