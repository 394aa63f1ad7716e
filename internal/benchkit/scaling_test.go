package benchkit

import (
	"sync"
	"testing"
)

// BenchmarkScalingCalibration calibrates Scaling: work that shares nothing must scale as
// the control does, work done entirely under one lock must not scale.
func BenchmarkScalingCalibration(b *testing.B) {
	b.Run("free", func(b *testing.B) {
		Scaling(b, spin, nil)
	})
	var mu sync.Mutex
	b.Run("locked", func(b *testing.B) {
		Scaling(b, func(w, i int) error {
			mu.Lock()
			defer mu.Unlock()
			return spin(w, i)
		}, nil)
	})
	b.Run("short-lock", func(b *testing.B) {
		n := 0
		Scaling(b, func(w, i int) error {
			_ = spin(w, i)
			mu.Lock()
			n++
			mu.Unlock()
			return nil
		}, nil)
	})
}
