package dryrun

import (
	"testing"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/senderkit"
)

// BenchmarkCriticalSection measures the one critical section of a send,
// keeping its Record in the ring under the Sender's lock, alone: with
// BenchmarkSend's serial ns/op it bounds how two goroutines can scale
// (Amdahl: at most 2 / (1 + cs/send)).
func BenchmarkCriticalSection(b *testing.B) {
	b.ReportAllocs()
	s, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	r := kept{msg: senderkit.Keep(sms.Message{To: "+8613800138000", Template: "login_code", Params: map[string]string{"code": "1"}}),
		result: sms.Result{Provider: "dryrun", MessageID: "dryrun-0000000000000001", DryRun: true}}
	for b.Loop() {
		s.mu.Lock()
		s.recent.add(&r)
		s.mu.Unlock()
	}
}
