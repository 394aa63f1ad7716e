package storetest_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/smskit/sms/middleware"
	"github.com/smskit/sms/middleware/storetest"
)

// A store's conformance test hands RunStore a constructor of empty stores,
// one per case, each applying the case's policy; here the memory store.
// An Example cannot take a *testing.T, so this one shows the wiring and
// then the first case's steps (SlidingWindow) on a store made directly.
// The suite passes every time to the store, so it never sleeps.
func Example() {
	var newStore storetest.NewStore = func(t *testing.T, p middleware.Policy) middleware.Store {
		s, err := middleware.NewMemoryStore(middleware.MemoryStoreOptions{Policy: p})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	// In the store's _test.go file:
	//
	//	func TestConformance(t *testing.T) { storetest.RunStore(t, newStore) }
	_ = newStore

	// Three sends a minute per key, in a sliding window: a refused send
	// records nothing and says how long until one is allowed.
	s, err := middleware.NewMemoryStore(middleware.MemoryStoreOptions{
		Policy: middleware.Policy{{Limit: 3, Per: time.Minute}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	t0 := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, at := range []time.Duration{0, 20 * time.Second, 40 * time.Second, 50 * time.Second, 60 * time.Second, 61 * time.Second} {
		ok, wait, err := s.Take(context.Background(), "+8613800138000", t0.Add(at))
		fmt.Println(at, ok, wait, err)
	}
	// Output:
	// 0s true 0s <nil>
	// 20s true 0s <nil>
	// 40s true 0s <nil>
	// 50s false 10s <nil>
	// 1m0s true 0s <nil>
	// 1m1s false 19s <nil>
}
