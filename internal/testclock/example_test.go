package testclock_test

import (
	"context"
	"fmt"
	"time"

	"github.com/smskit/sms/internal/testclock"
)

func Example() {
	clk := testclock.New(time.Date(2024, 3, 1, 2, 0, 0, 0, time.UTC))

	// Code under test takes clk.Now and clk.Sleep; the test moves time.
	clk.Advance(time.Minute)
	_ = clk.Sleep(context.Background(), 2*time.Second)
	fmt.Println(clk.Now().Format(time.RFC3339), clk.Slept())

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	fmt.Println(clk.Sleep(ctx, time.Hour), clk.Now().Format(time.RFC3339))

	clk.Set(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
	fmt.Println(clk.Now().Format(time.RFC3339))
	// Output:
	// 2024-03-01T02:01:02Z [2s]
	// context canceled 2024-03-01T02:01:02Z
	// 2025-01-01T00:00:00Z
}
