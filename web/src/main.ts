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

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
app.use(i18n);
app.use(ElementPlus);
app.use(tableTooltip);
app.use(router);

// Errors that send the user elsewhere, wherever they happen.
setAuthErrorHook((e) => {
  const session = useSession();
  const here = router.currentRoute.value;
  switch (e.code) {
    case 'login_required':
      if (session.user) ElMessage.warning({ message: e.message, grouping: true });
      session.clear();
      if (here.name !== 'login') router.push({ name: 'login', query: { redirect: here.fullPath } });
      break;
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
