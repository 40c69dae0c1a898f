export {
  AWS_LOAD_BALANCER_CONTROLLER_CHART_VERSION,
  awsLoadBalancerController,
  awsLoadBalancerController as default,
} from './component.ts';
export { awsLoadBalancerControllerRules } from './rules.ts';
export { type AwsLoadBalancerControllerValues, awsLoadBalancerControllerValues } from './schema.ts';
export { awsLoadBalancerControllerLayers, NAMESPACE, SERVICE_ACCOUNT } from './values.ts';
