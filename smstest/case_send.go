package smstest

// testSend: Send of Sample succeeds with a Provider and a MessageID.
func testSend(r reporter, h *Harness) {
	r.Helper()
	sendOK(r, h, "Send(Sample())", forHarness(h, Sample()))
}
