package sms

import (
	"math/rand/v2"
	"strconv"
	"testing"
	"time"
)

// newMainlandMobiles returns n distinct valid mainland mobile numbers in
// national form, the same on every run.
func newMainlandMobiles(n int) []string {
	plan := newMainlandPlan(mainlandMobilePrefixes)
	r := rand.New(rand.NewPCG(13, 8))
	seen := make(map[string]bool, n)
	nums := make([]string, 0, n)
	for len(nums) < n {
		d := "1" + strconv.Itoa(1_000_000_000+r.IntN(9_000_000_000))
		if plan.isMobile([]byte(d)) && !seen[d] {
			seen[d] = true
			nums = append(nums, d)
		}
	}
	return nums
}

// newUSNumbers returns n distinct US numbers in E.164, the first 100 in
// 202-555-00xx, the same on every run. If valid, they are all valid.
func newUSNumbers(n int, valid bool) []string {
	nums := make([]string, 0, n)
	for i := 0; len(nums) < n; i++ {
		raw := "+1202555" + strconv.Itoa(10_000 + i%10_000)[1:]
		if i >= 10_000 {
			raw = "+1" + strconv.Itoa(201+i/10_000%799) + "555" + strconv.Itoa(10_000 + i%10_000)[1:]
		}
		if valid {
			if _, ok := parseE164(raw); !ok {
				continue
			}
		}
		nums = append(nums, raw)
	}
	return nums
}

// BenchmarkParsePhoneNew measures checking a number not seen before: a
// mainland mobile number each time another one (65,536 of them in turn),
// through ParsePhone's mainland fast path, and through the libphonenumber
// paths ParsePhone took before for the same numbers (E.164: the validity
// check without Parse; national: Parse and the validity check).
func BenchmarkParsePhoneNew(b *testing.B) {
	nums := newMainlandMobiles(1 << 16)
	e164 := make([]string, len(nums))
	grouped := make([]string, len(nums))
	for i, n := range nums {
		e164[i] = "+86" + n
		grouped[i] = n[:3] + " " + n[3:7] + " " + n[7:]
	}
	for _, bm := range []struct {
		name  string
		nums  []string
		parse func(raw string) (Phone, error)
	}{
		{"E164", e164, func(raw string) (Phone, error) { return ParsePhone(raw, "") }},
		{"national", nums, func(raw string) (Phone, error) { return ParsePhone(raw, "") }},
		{"national_grouped", grouped, func(raw string) (Phone, error) { return ParsePhone(raw, "") }},
		{"libphonenumber_E164", e164, func(raw string) (Phone, error) {
			if p, ok := parseE164(raw); ok {
				return p, nil
			}
			return parsePhoneFull(raw, "CN")
		}},
		{"libphonenumber_national", nums, func(raw string) (Phone, error) { return parsePhoneFull(raw, "CN") }},
	} {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if _, err := bm.parse(bm.nums[i&(1<<16-1)]); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

// BenchmarkParsePhoneNewInternational measures a new number that is not a
// mainland mobile number, a US number in E.164, through ParsePhone (the
// E.164 path and the cache's admission).
func BenchmarkParsePhoneNewInternational(b *testing.B) {
	nums := newUSNumbers(1<<16, true)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := ParsePhone(nums[i%len(nums)], ""); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkParsePhoneRepeatAmidNew measures checking a number in steady use
// amid traffic to new numbers: 100 repeat numbers in turn, 64 new numbers
// between two repeats (so each repeat number comes back after 6,400 new
// ones), in the steady state (after every repeat number was seen three
// times). The metric ns/repeat is the time of the repeat checks alone
// (measured with the clock around each, which adds tens of nanoseconds);
// ns/op includes the new numbers.
//
// mainland: mainland mobile numbers through ParsePhone. cache and
// old_cache: US numbers through the scan-resistant cache and through the
// clearing cache it replaced; the new numbers' misses are answered without
// libphonenumber, which changes nothing for the cache and keeps the
// benchmark short, while a repeat number that misses pays libphonenumber.
func BenchmarkParsePhoneRepeatAmidNew(b *testing.B) {
	const between = 64
	mainland := newMainlandMobiles(1<<18 + 100)
	us := newUSNumbers(1<<18+100, false)
	cheapMiss := func(raw, region string) (Phone, error) {
		if raw[len(raw)-4:] < "0100" && raw[:8] == "+1202555" {
			return parsePhone(raw, region) // a repeat number
		}
		return Phone{CountryCode: 1, National: raw[2:], Region: "US"}, nil
	}
	for _, bm := range []struct {
		name  string
		nums  []string
		parse func(raw, region string) (Phone, error)
	}{
		{"mainland", mainland, ParsePhone},
		{"cache", us, func() func(string, string) (Phone, error) {
			c := newPhoneCache()
			c.miss = cheapMiss
			return c.parse
		}()},
		{"old_cache", us, newClearingPhoneCache(cheapMiss).parse},
	} {
		b.Run(bm.name, func(b *testing.B) {
			repeat, fresh := bm.nums[:100], bm.nums[100:]
			i, n := 0, 0
			step := func() (time.Duration, error) {
				for range between {
					if _, err := bm.parse(fresh[i%len(fresh)], "CN"); err != nil {
						return 0, err
					}
					i++
				}
				began := time.Now()
				_, err := bm.parse(repeat[n%len(repeat)], "CN")
				n++
				return time.Since(began), err
			}
			// The steady state: every repeat number seen three times.
			for range 3 * len(repeat) {
				if _, err := step(); err != nil {
					b.Fatal(err)
				}
			}
			var spent time.Duration
			repeats := 0
			b.ReportAllocs()
			for b.Loop() {
				d, err := step()
				if err != nil {
					b.Fatal(err)
				}
				spent += d
				repeats++
			}
			b.ReportMetric(float64(spent.Nanoseconds())/float64(repeats), "ns/repeat")
		})
	}
}
