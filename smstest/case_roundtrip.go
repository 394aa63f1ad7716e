package smstest

import (
	"maps"
	"slices"
	"strings"
)

// testRoundTrip: the backend received exactly what was sent.
func testRoundTrip(r reporter, h *Harness) {
	r.Helper()
	sent := forHarness(h, Sample())
	sendOK(r, h, "Send(Sample())", sent)
	all := h.Received()
	if len(all) != 1 {
		r.Fatalf("the backend received %d messages after one Send, want exactly 1", len(all))
	}
	got := all[0]
	if got.To != sent.To {
		r.Errorf("received To %q, want %q (E.164)", got.To, sent.To)
	}
	switch {
	case got.Template != "":
		if got.Template != sent.Template {
			r.Errorf("received Template %q, want %q", got.Template, sent.Template)
		}
		checkParams(r, got.Params, sent.Params)
	case got.Body != "":
		// A body-based backend: the params were rendered into the text.
		for _, k := range slices.Sorted(maps.Keys(sent.Params)) {
			if !strings.Contains(got.Body, sent.Params[k]) {
				r.Errorf("received Body lacks the value of param %q (%q): body-based backends must render every param", k, sent.Params[k])
			}
		}
	default:
		r.Errorf("received neither a Template nor a Body")
	}
	if !h.IgnoresReference && got.Reference != sent.Reference {
		r.Errorf("received Reference %q, want %q (set Harness.IgnoresReference if the backend cannot carry it)", got.Reference, sent.Reference)
	}
}

// checkParams fails the case unless got holds exactly the params of want.
func checkParams(r reporter, got, want map[string]string) {
	r.Helper()
	for _, k := range slices.Sorted(maps.Keys(want)) {
		switch v, ok := got[k]; {
		case !ok:
			r.Errorf("received params lack %q", k)
		case v != want[k]:
			r.Errorf("received param %q is %q, want %q", k, v, want[k])
		}
	}
	for _, k := range slices.Sorted(maps.Keys(got)) {
		if _, ok := want[k]; !ok {
			r.Errorf("received param %q that was not sent", k)
		}
	}
}
