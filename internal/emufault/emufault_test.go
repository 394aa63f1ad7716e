package emufault

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestQueue(t *testing.T) {
	var q Queue[string, int]
	assert.Equal(t, 0, q.Next("a"), "the zero Queue has no fault")

	q.Add(1, 2)
	q.Add(3)
	q.SetFunc(func(r string) int { return len(r) * 10 })
	got := []int{q.Next("a"), q.Next("a"), q.Next("a"), q.Next("abc"), q.Next("ab")}
	assert.Equal(t, []int{1, 2, 3, 30, 20}, got, "queued faults first, in order, then the function")

	q.SetFunc(nil)
	assert.Equal(t, 0, q.Next("abc"), "nil removes the function")

	q.Add(7)
	q.SetFunc(func(string) int { return 9 })
	q.Clear()
	assert.Equal(t, 0, q.Next("x"), "Clear empties the queue and removes the function")
}

func TestQueueConcurrent(t *testing.T) {
	var q Queue[int, int]
	for i := 1; i <= 100; i++ {
		q.Add(i)
	}
	var mu sync.Mutex
	seen := map[int]bool{}
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			for range 10 {
				f := q.Next(0)
				mu.Lock()
				seen[f] = true
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	assert.Len(t, seen, 100, "each queued fault is used once")
	assert.Equal(t, 0, q.Next(0))
}

func TestDrop(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { Drop(w) }))
	defer srv.Close()
	resp, err := srv.Client().Get(srv.URL)
	if resp != nil {
		_ = resp.Body.Close()
	}
	require.Error(t, err, "the connection is closed without an answer")

	rec := httptest.NewRecorder() // no Hijacker: the handler aborts
	assert.PanicsWithValue(t, http.ErrAbortHandler, func() { Drop(rec) })
}
