package load

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/socdw/socdw"
)

// Whatever a reader hands Replace, nothing in clear is stored: the batch's
// texts and the attempt's file name are cleaned, and booking files with a
// personnummer in a code column are refused whole.
func TestReplaceIsTheGate(t *testing.T) {
	ctx, dir, w := newTestWarehouse(t)
	const pnr = "19550505 7836" // a space and a wrong check digit: still a person
	a := Attempt{LoadID: 1, RunID: 1, Source: "s", Kommun: "K", File: "/in/rapport " + pnr + ".xlsx", SHA256: "x", Fingerprint: "f"}
	b := &socdw.Batch{Figures: []socdw.Figure{{Ref: socdw.CellRef{File: a.File, Sheet: "Blad " + pnr, Row: 2, Col: 2},
		Subject: "Familjen Berg " + pnr, Measure: "Utfall", Value: 100}}}
	if _, err := w.Replace(ctx, a, b); err != nil {
		t.Fatal(err)
	}
	var got string
	if err := w.DB().QueryRow(`SELECT file || '|' || source_sheet || '|' || subject FROM fact_figure`).Scan(&got); err != nil {
		t.Fatal(err)
	}
	if want := "/in/rapport [personnummer].xlsx|Blad [personnummer]|Familjen Berg [personnummer]"; got != want {
		t.Errorf("stored %q, want %q", got, want)
	}
	// A booking file whose ansvar is a personnummer.
	part := filepath.Join(dir, "part.tsv")
	os.WriteFile(part, []byte("2017-01-01\t19121212-1212\t5101\t4610\t100.00\t\t2\n"), 0o644)
	a2 := Attempt{LoadID: 2, RunID: 2, Source: "s", Kommun: "K", File: "/in/huvudbok.csv", SHA256: "y", Fingerprint: "f"}
	_, err := w.Replace(ctx, a2, &socdw.Batch{Bookings: socdw.BookingFiles{Parts: []socdw.BookingPart{{Path: part}}, Rows: 1}})
	if err == nil || !strings.Contains(err.Error(), "personnummer") || strings.Contains(err.Error(), "1212") {
		t.Errorf("booking with a personnummer: err = %v", err)
	}
	var n int
	w.DB().QueryRow(`SELECT count(*) FROM fact_booking`).Scan(&n)
	if n != 0 {
		t.Errorf("%d booking rows stored", n)
	}
}

// A booking insert runs without insertion order (see insertBookings);
// the setting must not outlive the file's transaction, loaded or failed,
// or every later insert on the writer's connection would lose its order.
func TestBookingSettingEndsWithTheTransaction(t *testing.T) {
	ctx, dir, w := newTestWarehouse(t)
	order := func() string {
		t.Helper()
		if w.w == nil {
			return "connection closed"
		}
		var v string
		if err := w.w.QueryRowContext(ctx, `SELECT current_setting('preserve_insertion_order')::VARCHAR`).Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	good := filepath.Join(dir, "good.tsv")
	os.WriteFile(good, []byte("2017-01-01\t6110\t5101\t4610\t100.00\t\t2\n"), 0o644)
	bad := filepath.Join(dir, "bad.tsv") // no date where the date goes: the insert fails
	os.WriteFile(bad, []byte("januari\t6110\t5101\t4610\t100.00\t\t2\n"), 0o644)
	for i, part := range []string{good, bad} {
		a := Attempt{LoadID: int64(i + 1), RunID: 1, Source: "s", Kommun: "K", File: part, SHA256: part, Fingerprint: "f"}
		_, err := w.Replace(ctx, a, &socdw.Batch{Bookings: socdw.BookingFiles{Parts: []socdw.BookingPart{{Path: part}}, Rows: 1}})
		if (err != nil) != (part == bad) {
			t.Fatalf("%s: err = %v", filepath.Base(part), err)
		}
		if got := order(); got != "true" && got != "connection closed" {
			t.Errorf("after %s: preserve_insertion_order = %s", filepath.Base(part), got)
		}
	}
	var n int
	w.DB().QueryRow(`SELECT count(*) FROM fact_booking`).Scan(&n)
	if n != 1 {
		t.Errorf("%d booking rows, want the good file's 1", n)
	}
}
