package verifytest

// reporter is the part of testing.TB the cases use. *testing.T satisfies
// it; the suite's own tests run the cases against a recording
// implementation to prove that each case catches the verifiers and stores
// it must reject. Fatalf and Skip end the calling goroutine, as testing's
// do, so the cases call them only from the goroutine that runs the case.
type reporter interface {
	Helper()
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
	Skip(args ...any)
}
