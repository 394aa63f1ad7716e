package inbox

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
)

// metrics writes the inbox's metrics in the Prometheus text format.
func (s *Server) metrics(w http.ResponseWriter, _ *http.Request) {
	var b strings.Builder
	b.WriteString("# HELP smskit_inbox_messages_received_total Messages the inbox received, by provider.\n")
	b.WriteString("# TYPE smskit_inbox_messages_received_total counter\n")
	for _, p := range []string{ProviderAliyun, ProviderTwilio} {
		fmt.Fprintf(&b, "smskit_inbox_messages_received_total{provider=%q} %d\n", p, s.counter(p).Load())
	}
	b.WriteString("# HELP smskit_inbox_messages_stored Messages the inbox keeps now.\n")
	b.WriteString("# TYPE smskit_inbox_messages_stored gauge\n")
	fmt.Fprintf(&b, "smskit_inbox_messages_stored %d\n", s.store.len())
	b.WriteString("# HELP smskit_inbox_provider_requests_total Provider API requests, whatever their outcome.\n")
	b.WriteString("# TYPE smskit_inbox_provider_requests_total counter\n")
	counts := s.aliyun.RequestCounts()
	actions := make([]string, 0, len(counts))
	for a := range counts {
		actions = append(actions, a)
	}
	sort.Strings(actions)
	for _, a := range actions {
		fmt.Fprintf(&b, "smskit_inbox_provider_requests_total{provider=\"aliyun\",action=%q} %d\n", a, counts[a])
	}
	fmt.Fprintf(&b, "smskit_inbox_provider_requests_total{provider=\"twilio\",action=\"\"} %d\n", s.twilio.Requests())
	b.WriteString("# HELP smskit_inbox_chaos_injected_total Faults the chaos settings injected, by class.\n")
	b.WriteString("# TYPE smskit_inbox_chaos_injected_total counter\n")
	for _, k := range ChaosClasses {
		fmt.Fprintf(&b, "smskit_inbox_chaos_injected_total{class=%q} %d\n", k, s.chaos.injected[k].Load())
	}
	b.WriteString("# HELP smskit_inbox_live_clients Browsers connected for live updates.\n")
	b.WriteString("# TYPE smskit_inbox_live_clients gauge\n")
	fmt.Fprintf(&b, "smskit_inbox_live_clients %d\n", s.events.count())
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	_, _ = w.Write([]byte(b.String()))
}
