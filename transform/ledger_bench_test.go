package transform

import (
	"context"
	"fmt"
	"runtime"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/socdw/socdw"
	"github.com/socdw/socdw/internal/fixture"
)

// BenchmarkLedger reads a leverantörsreskontra of 200 000 and of
// 1 000 000 lines (fixture.LedgerLarge: Göteborg's columns, ';', Swedish
// amounts, the month in the name), every line a ledger line, summed per
// förvaltning. Besides time and B/op it reports the heap the batch holds
// when File returns (held-B/line) and the peak of the live heap while
// reading (peak-heap-MiB, sampled every millisecond): what grows with the
// ledger and what does not.
func BenchmarkLedger(b *testing.B) {
	for _, lines := range []int{200_000, 1_000_000} {
		b.Run(fmt.Sprintf("lines=%d", lines), func(b *testing.B) {
			path, want, err := fixture.LedgerLarge(b.TempDir(), lines)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			var held, peak uint64
			for b.Loop() {
				runtime.GC()
				base := heapLive()
				stop := samplePeak(&peak)
				batch, err := File(context.Background(), path, Options{})
				stop()
				if err != nil {
					b.Fatal(err)
				}
				runtime.GC()
				held = max(held, heapLive()-min(base, heapLive()))
				var got socdw.Amount
				for _, l := range batch.Budget {
					if !l.IsTotal {
						got += l.Actual.Amount
					}
				}
				if batch.LedgerRows() != lines || got != socdw.Amount(want.Sum) {
					b.Fatalf("%d lines summing to %s, want %d summing to %s", batch.LedgerRows(), got, lines, socdw.Amount(want.Sum))
				}
				batch.Close() // its ledger files
			}
			b.ReportMetric(float64(held)/float64(lines), "held-B/line")
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
		})
	}
}

// heapLive is the bytes of the heap's live and not yet swept objects,
// read without stopping the world (runtime.ReadMemStats would, every
// millisecond).
func heapLive() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// samplePeak records the largest heap seen until the returned stop is
// called.
func samplePeak(peak *uint64) (stop func()) {
	var done atomic.Bool
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for !done.Load() {
			*peak = max(*peak, heapLive())
			time.Sleep(time.Millisecond)
		}
	}()
	return func() { done.Store(true); wg.Wait() }
}
