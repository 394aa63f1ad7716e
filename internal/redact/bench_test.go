package redact_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/smskit/sms/internal/redact"
)

// benchTexts are 64 KiB texts: an ordinary error repeated (the common
// case: nothing to redact), the same with every secret echoed (the worst
// realistic case), digits with separators (the digit scanner's worst), and
// hex (every byte a candidate credential window).
func benchTexts() map[string]string {
	fill := func(unit string) string {
		s := strings.Repeat(unit, (64<<10)/len(unit)+1)
		return s[:64<<10]
	}
	echo := filler + keyID + " " + keySecret + " " + authToken + " " + signature + " +86 139 1234 5678 " + code + " " + name + " "
	return map[string]string{
		"Ordinary":  fill(filler + " "),
		"Echoes":    fill(echo),
		"Digits":    fill("1 2-3.4 5 "),
		"Hex":       fill("9f86d081884c7d65a9b3c4d5e6f70812 "),
		"ShortText": filler,
	}
}

func BenchmarkRedact(b *testing.B) {
	sec := callSecrets()
	for name, text := range benchTexts() {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				_ = sec.Redact(text)
			}
		})
	}
}

// BenchmarkRedactScaling redacts ordinary text with echoes of 16, 64 and
// 256 KiB: time per byte stays flat (linear time).
func BenchmarkRedactScaling(b *testing.B) {
	sec := callSecrets()
	unit := filler + " " + keyID + " +86 139 1234 5678 " + name + " "
	for _, kib := range []int{16, 64, 256} {
		text := strings.Repeat(unit, kib<<10/len(unit)+1)[:kib<<10]
		b.Run(strconv.Itoa(kib)+"KiB", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				_ = sec.Redact(text)
			}
		})
	}
}

func BenchmarkIn(b *testing.B) {
	sec := callSecrets()
	text := benchTexts()["Ordinary"]
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		_ = sec.In(text)
	}
}

func BenchmarkCompile(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		var sec redact.Secrets = callSecrets()
		_ = sec.Redact("")
	}
}
