"""Jobs in Prometheus: how many wait, run, finished and failed, read from their records at each scrape."""

from prometheus_client.core import GaugeMetricFamily

from jobs.queries import count_by_state


class JobCounts:
    """A collector of the jobs by state."""

    def collect(self):
        family = GaugeMetricFamily("sangkien_jobs", "Jobs by state (queued, running, done, failed).", labels=["state"])
        for state, count in count_by_state().items():
            family.add_metric([str(state)], count)
        yield family
