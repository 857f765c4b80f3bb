// Whether an element (an action, a cell) can be seen without scrolling the page
// sideways: on screen as it is, or brought there by scrolling the box it sits in (a
// table wider than the window); for check_reachable. Scrolling down is fine.
(el) => {
    const doc = document.documentElement;
    const width = doc.clientWidth;
    const describe = (node) => node.tagName.toLowerCase() + (node.id ? '#' + node.id : '')
        + (node.classList.length ? '.' + [...node.classList].join('.') : '')
        + ' "' + (node.innerText || '').trim().slice(0, 40) + '"';
    if (doc.scrollWidth > width) {
        return {problem: `the page scrolls sideways: ${doc.scrollWidth}px wide in a ${width}px window`};
    }
    if (!el.checkVisibility()) return {problem: `${describe(el)} is not shown`};
    const ancestors = [];
    for (let node = el.parentElement; node; node = node.parentElement) ancestors.push(node);
    const before = ancestors.map((node) => node.scrollLeft);
    const windowX = window.scrollX;
    // What a person does: scroll down to it, and sideways in its box if need be. (A
    // script may scroll a box that clips its overflow too; a person cannot: see below.)
    el.scrollIntoView({block: 'center', inline: 'nearest'});
    if (window.scrollX !== windowX) return {problem: `${describe(el)} needs the page scrolled sideways`};
    const moved = ancestors.filter((node, i) => node.scrollLeft !== before[i]);
    for (const node of moved) {
        if (!['auto', 'scroll'].includes(getComputedStyle(node).overflowX)) {
            return {problem: `${describe(el)} is cut off by ${describe(node)}, which cannot be scrolled`};
        }
    }
    const box = el.getBoundingClientRect();
    if (box.left < -1 || box.right > width + 1) {
        return {problem: `${describe(el)} spans ${Math.round(box.left)}px to ${Math.round(box.right)}px of ${width}px, even scrolled to`};
    }
    // Nothing covers it (a box's edge, another element): the middle of it is its own.
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    if (!hit || !(el === hit || el.contains(hit) || hit.contains(el))) {
        return {problem: `${describe(el)} is covered by ${hit ? describe(hit) : 'nothing on screen'}`};
    }
    return {how: moved.length ? 'by scrolling its box' : 'on screen'};
}
