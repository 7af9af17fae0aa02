//! The queue against one binary heap of everything: the same items in the same order.

use super::*;
use proptest::prelude::*;

/// One step: let time go on, schedule an item some delay ahead (maybe out of order), or take
/// out what is due.
#[derive(Debug, Clone)]
enum Op {
    Wait(u8),
    Push { delay: u16, in_order: bool },
    Pop,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0u8..20).prop_map(Op::Wait),
        (prop_oneof![Just(0u16), Just(7), 0u16..500], any::<bool>())
            .prop_map(|(delay, in_order)| Op::Push { delay, in_order }),
        Just(Op::Pop),
    ]
}

proptest! {
    #[test]
    fn takes_items_out_in_the_order_of_one_heap(ops in prop::collection::vec(op(), 0..400)) {
        let mut q = Queue::default();
        let mut reference: BinaryHeap<Reverse<(Time, u64)>> = BinaryHeap::new();
        let (mut now, mut n) = (0 as Time, 0u64);
        let mut got = Vec::new();
        let mut want = Vec::new();
        let mut drain = |q: &mut Queue<u64>, r: &mut BinaryHeap<Reverse<(Time, u64)>>, t: Time| {
            while let Some(x) = q.pop_due(t) {
                got.push(x);
            }
            while let Some(Reverse((at, id))) = r.peek().copied() {
                if at > t {
                    break;
                }
                r.pop();
                want.push((at, id));
            }
        };
        for o in ops {
            match o {
                Op::Wait(d) => now += Time::from(d),
                Op::Push { delay, in_order } => {
                    n += 1;
                    q.push(now + Time::from(delay), n, in_order);
                    reference.push(Reverse((now + Time::from(delay), n)));
                }
                Op::Pop => drain(&mut q, &mut reference, now),
            }
            prop_assert_eq!(q.len(), reference.len());
        }
        drain(&mut q, &mut reference, Time::MAX);
        prop_assert!(q.is_empty());
        prop_assert_eq!(got, want);
    }
}

#[test]
fn equal_delays_use_the_fifo_and_keep_scheduling_order() {
    let mut q = Queue::default();
    for (i, at) in [5, 5, 7, 7, 9].into_iter().enumerate() {
        q.push(at, i, true);
    }
    // One out of order goes to the heap and still comes out first.
    q.push(6, 99, true);
    assert_eq!(q.heap.len(), 1);
    assert_eq!(q.pop_due(4), None);
    let order: Vec<_> = std::iter::from_fn(|| q.pop_due(8)).collect();
    assert_eq!(order, [(5, 0), (5, 1), (6, 99), (7, 2), (7, 3)]);
    assert_eq!(q.pop_due(100), Some((9, 4)));
}
