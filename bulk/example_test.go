package bulk_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/smskit/sms"
	"github.com/smskit/sms/bulk"
	"github.com/smskit/sms/fake"
)

func Example() {
	dir, _ := os.MkdirTemp("", "bulk-example")
	defer os.RemoveAll(dir)
	j, err := bulk.OpenJournal(filepath.Join(dir, "notice.jsonl"), bulk.JournalOptions{
		Key: []byte("a secret of 16 bytes or more, kept apart from the journal"),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer j.Close()

	recipients := func(yield func(sms.Recipient, error) bool) { // read from a file or a database, one at a time
		for i := range 250 {
			r := sms.Recipient{To: fmt.Sprintf("+86138%08d", i), Params: map[string]string{"name": "customer"}}
			if !yield(r, nil) {
				return
			}
		}
	}
	sum, err := bulk.Send(context.Background(), fake.MustNew(fake.Options{}), recipients, bulk.Options{
		Template:       "outage_notice",
		CallsPerSecond: 2000,
		Journal:        j,
	})
	fmt.Println(sum.Accepted, "accepted in", sum.Calls, "batch calls", err)
	// Output: 250 accepted in 3 batch calls <nil>
}
