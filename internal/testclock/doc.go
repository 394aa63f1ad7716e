// Package testclock provides Clock, a manual clock for tests: it moves only
// when a test advances or sets it, or when code under test sleeps on it.
//
// Inject its methods wherever the module takes a clock — the Now func()
// time.Time option fields and Sleep func(context.Context, time.Duration)
// error hooks — and move time explicitly instead of waiting for it:
//
//	clk := testclock.New(time.Date(2024, 3, 1, 2, 0, 0, 0, time.UTC))
//	srv := aliyuntest.NewServer(aliyuntest.Options{Now: clk.Now})
//	defer srv.Close()
//	clk.Advance(6 * time.Minute) // now past the emulator's clock skew
//
// A Clock is safe for concurrent use, so a test may advance it while the
// code under test reads it, and -race stays quiet.
//
// The package is internal and not part of the public API: it exists only so
// that the module's own test packages share one clock instead of each
// defining its own.
package testclock
