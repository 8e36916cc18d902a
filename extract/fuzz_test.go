package extract

import (
	"bytes"
	"errors"
	"testing"
)

// The text reader never panics, whatever the bytes, and every error it
// returns is one of its own, pointing at the file.
func FuzzOpenText(f *testing.F) {
	f.Add([]byte("Verksamhet;Budget;Utfall\r\nBarn och unga;1 234,5;-92 522\r\n"))
	f.Add([]byte("\xef\xbb\xbfPersonnummer;Insats\r\n20120905-9805;HVB\r\n"))
	f.Add([]byte("IFO Myndighet Tkr;Int\xe4kt\r\n\xd6ppna insatser;10 235\r\n"))
	f.Add([]byte("\xff\xfea\x00;\x00b\x00\r\x00\n\x00"))
	f.Add([]byte("a,\"b\nc\",d\r\ne,f,g"))
	f.Add([]byte("\"unclosed;quote\r\n1;2"))
	f.Add([]byte{0, 1, 2, 3})
	f.Fuzz(func(t *testing.T, b []byte) {
		sh, err := OpenText("f.csv", bytes.NewReader(b), TextOptions{MaxLineBytes: 4096})
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Ref.File != "f.csv" {
				t.Fatalf("open: an error without the file: %v", err)
			}
			return
		}
		last := 0
		for sh.Next() {
			r := sh.Row()
			if r.Num <= last {
				t.Fatalf("line numbers not increasing: %d after %d", r.Num, last)
			}
			last = r.Num
		}
		if err := sh.Err(); err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Ref.File != "f.csv" {
				t.Fatalf("read: an error without the file: %v", err)
			}
		}
	})
}
