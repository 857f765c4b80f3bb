// The texts a person reads (or hears) on the page, minus what is marked as data;
// for check_language in checks.py. Argument: the page's language ('nl' or 'en').
(lang) => {
    const foreign = (el) => {
        const tagged = el.closest('[lang]');
        return tagged && tagged.getAttribute('lang').split('-')[0].toLowerCase() !== lang;
    };
    // A textarea's text is its value, what the person typed, like an input's value.
    const skipped = (el) => el.closest('script, style, noscript, template, datalist, textarea')
        || el.closest('%(marker)s') || foreign(el);
    const shown = (el) => el.closest('select') !== null || el.checkVisibility();
    const texts = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const el = node.parentElement;
        const value = node.nodeValue.trim();
        if (value && el && !skipped(el) && shown(el)) texts.push(value);
    }
    const attributes = ['aria-label', 'title', 'placeholder', 'alt'];
    for (const el of document.body.querySelectorAll('*')) {
        if (skipped(el)) continue;
        for (const name of attributes) {
            if (el.hasAttribute(name)) texts.push(el.getAttribute(name));
        }
        if (el.matches('input[type=submit], input[type=button], input[type=reset]')) {
            texts.push(el.value);
        }
    }
    return {lang: document.documentElement.lang, texts};
}
