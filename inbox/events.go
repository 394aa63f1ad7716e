package inbox

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// maxSubscribers bounds the live-update connections the inbox serves at once.
const maxSubscribers = 256

// event is one live update: its SSE event name and JSON data.
type event struct {
	name string
	data []byte
}

// broker fans events out to the connected browsers. A browser too slow to
// take an event misses it (its buffer is bounded); the UI reloads the list
// on each event, so a later one catches it up.
type broker struct {
	mu   sync.Mutex
	subs map[chan event]struct{}
}

func newBroker() *broker { return &broker{subs: map[chan event]struct{}{}} }

// publish sends an event to every subscriber without blocking.
func (b *broker) publish(name string, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	for ch := range b.subs {
		select {
		case ch <- event{name: name, data: data}:
		default:
		}
	}
}

// count returns how many subscribers are connected.
func (b *broker) count() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.subs)
}

// serve streams events to one browser until it goes away or done closes.
func (b *broker) serve(w http.ResponseWriter, r *http.Request, done <-chan struct{}) {
	rc := http.NewResponseController(w)
	ch := make(chan event, 16)
	b.mu.Lock()
	if len(b.subs) >= maxSubscribers {
		b.mu.Unlock()
		http.Error(w, "too many live-update connections", http.StatusServiceUnavailable)
		return
	}
	b.subs[ch] = struct{}{}
	b.mu.Unlock()
	defer func() {
		b.mu.Lock()
		delete(b.subs, ch)
		b.mu.Unlock()
	}()
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	_, _ = fmt.Fprint(w, "retry: 1000\nevent: hello\ndata: {}\n\n")
	_ = rc.Flush()
	ping := time.NewTicker(15 * time.Second)
	defer ping.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-done:
			return
		case <-ping.C:
			_, _ = fmt.Fprint(w, ": ping\n\n")
		case e := <-ch:
			_, _ = fmt.Fprintf(w, "event: %s\ndata: %s\n\n", e.name, e.data)
		}
		if rc.Flush() != nil {
			return
		}
	}
}
