package twilio

import "slices"

// MappedCodes returns the Twilio error codes the Sender maps, sorted, for
// tests that must cover each.
func MappedCodes() []int {
	out := make([]int, 0, len(codes))
	for code := range codes {
		out = append(out, code)
	}
	slices.Sort(out)
	return out
}
