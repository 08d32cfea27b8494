import { ref, onMounted, onBeforeUnmount } from 'vue';

const QUERY = '(max-width: 768px)';

/** True on a phone-sized screen; follows resizes. */
export function useIsMobile() {
  const mq = typeof window !== 'undefined' ? window.matchMedia(QUERY) : null;
  const mobile = ref(mq ? mq.matches : false);
  const update = () => {
    mobile.value = mq ? mq.matches : false;
  };
  onMounted(() => mq?.addEventListener('change', update));
  onBeforeUnmount(() => mq?.removeEventListener('change', update));
  return mobile;
}
