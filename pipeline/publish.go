package pipeline

import (
	"context"
	"fmt"
	"time"

	"go.uber.org/zap"

	"github.com/socdw/socdw/load"
)

// Publish brings the readers' copy up to date: whenever its data version
// is older than the warehouse's (a failed or killed publish, a copy
// removed, any change), whatever the run did. It first removes what a
// killed publish left behind, and tries again after each PublishBackoff
// wait; an error means the copy is stale and the run failed.
func (r *Runner) Publish(ctx context.Context) error {
	if r.Config.Publish == "" || r.Warehouse == nil {
		return nil
	}
	if n := load.RemovePublishLeftovers(r.Config.Publish); n > 0 {
		r.Log.Info("removed the leftovers of an interrupted publish", zap.Int("files", n))
	}
	want, err := r.Warehouse.DataVersion(ctx)
	if err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	have := load.PublishedVersion(ctx, r.Config.Publish)
	if have >= want && !r.scrubbed { // a scrub cleaned texts without a new version
		return nil
	}
	backoff := r.PublishBackoff
	if backoff == nil {
		backoff = []time.Duration{time.Second, 2 * time.Second}
	}
	start := time.Now()
	for attempt := 0; ; attempt++ {
		err = r.Warehouse.Publish(ctx, r.Config.Publish)
		if err == nil {
			break
		}
		if attempt >= len(backoff) {
			return fmt.Errorf("the published copy is stale (version %d, the warehouse %d): %w", have, want, err)
		}
		r.Log.Warn("publish failed; retrying", zap.Error(err), zap.Duration("in", backoff[attempt]))
		select {
		case <-time.After(backoff[attempt]):
		case <-ctx.Done():
			return fmt.Errorf("publish: %w (%w)", ctx.Err(), err)
		}
	}
	r.scrubbed = false
	r.Log.Info("published", zap.String("copy", r.Config.Publish), zap.Int64("version", want), zap.Duration("took", time.Since(start)))
	return nil
}
