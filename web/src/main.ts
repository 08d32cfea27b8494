import { createApp } from 'vue';
import { createPinia } from 'pinia';
import ElementPlus from 'element-plus';
import 'element-plus/dist/index.css';
import 'element-plus/theme-chalk/dark/css-vars.css';
import './styles/main.css';
import App from './App.vue';
import { i18n } from './i18n';
import { router } from './router';
import { setAuthErrorHook } from './api/http';
import { useSession } from './stores/session';
import { ElMessage } from 'element-plus';
import { tableTooltip } from './utils/tableTooltip';
import { installTypedDates } from './utils/typedDate';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
app.use(i18n);
app.use(ElementPlus);
app.use(tableTooltip);
app.use(router);
installTypedDates(document);

// Errors that send the user elsewhere, wherever they happen.
let toLogin: Promise<unknown> | null = null;
setAuthErrorHook((e) => {
  const session = useSession();
  const here = router.currentRoute.value;
  switch (e.code) {
    case 'login_required': {
      // Refused while the page believed her logged in: her session ended
      // (idle, its lifetime, a forced logout), and the login page says so.
      // The requests refused with it come in together: the first decides.
      const expired = !!session.user || session.expired;
      session.clear();
      session.expired = expired;
      if (toLogin) break;
      if (here.name !== 'login') {
        const query = { redirect: here.fullPath, ...(expired ? { expired: '1' } : {}) };
        toLogin = router.push({ name: 'login', query }).finally(() => (toLogin = null));
      } else if (expired) {
        ElMessage.warning({ message: e.message, grouping: true });
      }
      break;
    }
    case 'password_change_required':
    case 'second_factor_required':
      session.load(true).finally(() => {
        if (here.name !== 'login') router.push({ name: 'login' });
      });
      break;
    case 'second_factor_enrolment_required':
      session.enrolRequired = true;
      ElMessage.warning({ message: e.message, grouping: true });
      if (here.name !== 'account') router.push({ name: 'account', query: { tab: 'security' } });
      break;
  }
});

app.mount('#app');
