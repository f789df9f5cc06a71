"""A live 5,000-task workflow: a subscriber that applies every published
delta holds exactly the full store (``pb_entire_workflow``), mid-run and at
the end, including after a lost delta made it re-fetch."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cylc_flow.network.subscriber import WorkflowSubscriber
from cylc_flow.scheduler.scheduler import PlayOptions, Scheduler

GENERATOR = Path(__file__).resolve().parents[2].parent / 'shared' / 'bench' / \
    'gen_workloads.py'
SIZE = 5000
DROPPED = 4  # the sequence number of the delta the subscriber "loses"
MID_RUN = 8  # compare with a fresh full store once past this sequence


def normalised(snapshot: dict) -> dict:
    data = json.loads(json.dumps(snapshot))
    data['records'] = {kind: sorted(items, key=lambda item: item['id'])
                       for kind, items in data['records'].items()}
    return data


@pytest.fixture
def wide_run_dir(tmp_path, new_run_dir):
    subprocess.run([sys.executable, str(GENERATOR), 'wide', str(tmp_path),
                    '--n', str(SIZE)], check=True, capture_output=True)
    text = (tmp_path / f'wide-{SIZE}' / 'flow.cylc').read_text()
    return new_run_dir(text, name='widesub')


class LossySubscriber(WorkflowSubscriber):
    """Loses one delta (as a slow subscriber past the high-water mark)."""

    dropped = False

    async def handle(self, topic, body):
        if not self.dropped and topic == b'all' and \
                json.loads(body)['sequence'] == DROPPED:
            self.dropped = True
            return await super().handle(b'lost', b'{}')
        return await super().handle(topic, body)


async def follow_run(run_dir: Path) -> dict:
    scheduler = Scheduler('widesub', run_dir,
                          PlayOptions(mode='simulation', pause=True))
    running = asyncio.get_running_loop().create_task(scheduler.run())
    contact = run_dir / '.service' / 'contact'
    deadline = time.monotonic() + 30
    while not contact.exists():
        assert not running.done(), 'the scheduler stopped early'
        assert time.monotonic() < deadline, 'no contact file'
        await asyncio.sleep(0.05)
    found: dict = {'refetched': [], 'mid_run': None, 'deltas': 0}
    subscriber = LossySubscriber('widesub', run_dir=run_dir, timeout=60)
    try:
        await subscriber.start()
        found['start_sequence'] = subscriber.data.sequence
        scheduler.post(lambda now: scheduler.core.resume(now))
        pending = None
        async for update in subscriber:
            found['deltas'] += update.applied
            if update.refetched:
                found['refetched'].append(update.reason)
            held = subscriber.data.sequence
            if pending is None and found['mid_run'] is None and held > MID_RUN:
                pending = await subscriber.entire_workflow()
            if pending is not None and held == pending['sequence']:
                found['mid_run'] = (normalised(subscriber.data.snapshot()),
                                    normalised(pending))
                pending = None
        found['final'] = normalised(subscriber.data.snapshot())
        found['sequence'] = subscriber.data.sequence
    finally:
        subscriber.close()
        if not running.done():
            scheduler.post(scheduler.run_stop, 'Now')
        found['exit'] = await asyncio.wait_for(running, 120)
    found['store'] = normalised(scheduler.graphql.store.snapshot())
    return found


@pytest.mark.slow
def test_subscriber_of_a_5000_task_run_holds_the_full_store(wide_run_dir):
    found = asyncio.run(follow_run(wide_run_dir))
    assert found['exit'] == 0
    # the lost delta was noticed and the full store fetched again
    assert f'missed deltas {DROPPED} to {DROPPED}' in found['refetched']
    assert found['deltas'] > 10
    held, served = found['mid_run']
    assert held == served
    assert len(served['records']['task_proxies']) > 1000
    # the end: the last delta (status stopped), then the shutdown message
    assert found['final'] == found['store']
    workflow = found['final']['records']['workflow'][0]
    assert workflow['status'] == 'stopped'
    assert workflow['state_totals']['succeeded'] == 0  # all pruned at the end
    assert found['sequence'] == found['store']['sequence']
