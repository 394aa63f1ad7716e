package route

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestOrder(t *testing.T) {
	named := func(spec ...any) []Target {
		var ts []Target
		for i := 0; i < len(spec); i += 2 {
			ts = append(ts, Target{Name: spec[i].(string), Weight: spec[i+1].(int)})
		}
		return ts
	}
	names := func(ts []Target) []string {
		var out []string
		for _, t := range ts {
			out = append(out, t.Name)
		}
		return out
	}
	tests := []struct {
		name    string
		targets []Target
		draws   []int // what intn returns, in turn
		want    []string
	}{
		{"fixed order", named("a", 0, "b", 0, "c", 0), nil, []string{"a", "b", "c"}},
		{"first draw picks the first", named("a", 3, "b", 1), []int{2}, []string{"a", "b"}},
		{"draw in the second's share", named("a", 3, "b", 1), []int{3}, []string{"b", "a"}},
		{"group then fixed", named("a", 1, "b", 1, "c", 1, "z", 0), []int{2, 0}, []string{"c", "b", "a", "z"}},
		{"fixed splits groups", named("a", 1, "b", 1, "m", 0, "c", 1, "d", 1), []int{1, 0},
			[]string{"b", "a", "m", "c", "d"}},
		{"single weighted target draws nothing", named("a", 5, "z", 0), nil, []string{"a", "z"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			draws := tc.draws
			intn := func(n int) int {
				if len(draws) == 0 {
					t.Fatalf("unexpected draw among %d", n)
				}
				d := draws[0]
				draws = draws[1:]
				return d
			}
			got := order(nil, tiers(tc.targets), intn)
			assert.Equal(t, tc.want, names(got))
			assert.Empty(t, draws, "every scripted draw used")
		})
	}
}

// TestOrderSplit checks the weighted draw's shares, first place and second
// place, over many draws with a seeded source.
func TestOrderSplit(t *testing.T) {
	const draws = 200_000
	ts := tiers([]Target{{Name: "a", Weight: 70}, {Name: "b", Weight: 20}, {Name: "c", Weight: 10}})
	rng := rand.New(rand.NewPCG(1, 2))
	first, second := map[string]int{}, map[string]int{}
	buf := make([]Target, 0, 3)
	for range draws {
		got := order(buf[:0], ts, rng.IntN)
		first[got[0].Name]++
		second[got[1].Name]++
	}
	for name, want := range map[string]float64{"a": 0.70, "b": 0.20, "c": 0.10} {
		assert.InDelta(t, want, float64(first[name])/draws, 0.005, "first place %s", name)
	}
	// Second place is a draw among the two left: P(b second) =
	// P(a first)·20/30 + P(c first)·20/90.
	wantB := 0.7*20/30 + 0.1*20/90
	assert.InDelta(t, wantB, float64(second["b"])/draws, 0.005, "second place b")
}
